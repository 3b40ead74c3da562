/**
 * The multimodal data sources, each a Tribuo {@code ConfigurableDataSource<Label>} whose provenance records every
 * configuration value and the SHA-256 of every file it reads: the synthetic generator (the embedded default), MMSA
 * pickles (CMU-MOSI/CMU-MOSEI as the community distributes them) and text CSV files with labels.
 */
package dev.cider.data.source;
