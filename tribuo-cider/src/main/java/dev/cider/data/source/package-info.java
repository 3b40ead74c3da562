/**
 * The multimodal data sources, each a Tribuo {@code ConfigurableDataSource<Label>} whose provenance records every
 * configuration value and the SHA-256 of every file it reads: the synthetic generator (the embedded default), MMSA
 * pickles (CMU-MOSI/CMU-MOSEI as the community distributes them) and text CSV files with labels. Two decorators
 * wrap any of them: {@link dev.cider.data.source.ReassignedSource} re-partitions the splits and
 * {@link dev.cider.data.source.EncodedTextSource} attaches pretrained token features from a
 * {@link dev.cider.text.TextEncoder} (cached on disk), which makes CIDer train in token-feature mode.
 */
package dev.cider.data.source;
