/**
 * Text handling for CIDer: the bert-base-uncased WordPiece tokenizer wrapper that turns a transcript into
 * the padded token ids of a {@link dev.cider.data.TextInput}.
 */
package dev.cider.text;
