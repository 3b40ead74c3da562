/**
 * Small utilities shared by the library and the tools: atomic file writes.
 */
package dev.cider.util;
