/**
 * Predicting new utterances outside a corpus: their JSON form, JSON-lines input files, prediction files and the HTTP
 * prediction server of {@code cider serve}.
 */
package dev.cider.eval.utterance;
