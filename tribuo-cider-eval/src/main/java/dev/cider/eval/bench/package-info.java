/**
 * Performance measurement of CIDer on synthetic corpora shaped like CMU-MOSI and CMU-MOSEI: training time per epoch
 * (both passes of the two-stage step), inference latency with the counterfactual pass, text-encoding throughput,
 * peak heap and process memory, each the median of several runs after a warm-up. The {@code cider bench} command
 * runs it.
 */
package dev.cider.eval.bench;
