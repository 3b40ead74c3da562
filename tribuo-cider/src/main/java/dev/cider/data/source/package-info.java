/**
 * The multimodal data sources, each a Tribuo {@code ConfigurableDataSource<Label>} whose provenance records every
 * configuration value and the SHA-256 of every file it reads: the synthetic generator (the embedded default), MMSA
 * pickles (CMU-MOSI/CMU-MOSEI as the community distributes them) and text CSV files with labels (tokenised by
 * {@link dev.cider.data.BertTokenizer}). {@link dev.cider.data.source.ReassignedSource} wraps any of them and
 * re-partitions the splits.
 * <p>
 * Place in the data flow: the first step, files to {@link dev.cider.data.MultimodalExample}s. The package depends only
 * on {@code dev.cider.data} (and its {@code pickle} reader); the next step, attaching pretrained token features, is
 * {@code dev.cider.text.EncodedTextSource}, a source that wraps one of these.
 */
package dev.cider.data.source;
