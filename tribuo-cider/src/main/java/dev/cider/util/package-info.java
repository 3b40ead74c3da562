/**
 * Small utilities shared by the library and the tools: atomic file writes, the safety check run on configuration
 * files before OLCUT loads them.
 */
package dev.cider.util;
