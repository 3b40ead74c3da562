/**
 * Reading numpy arrays in Java: from Python pickles, as the MMSA feature files (CMU-MOSI, CMU-MOSEI
 * {@code aligned_50.pkl}, {@code unaligned_50.pkl}) need, and from {@code .npy} files
 * ({@link dev.cider.data.source.pickle.NpyFiles}: the public implementation's prototypes, an utterance's frames),
 * both into the same {@link dev.cider.data.source.pickle.NumpyArray}.
 * <p>
 * {@link dev.cider.data.source.pickle.NumpyUnpickler} decodes a pickle (protocols 2 to 5, numpy 1.x and 2.x)
 * into plain Java collections and {@link dev.cider.data.source.pickle.NumpyArray}s, typed by
 * {@link dev.cider.data.source.pickle.NumpyDtype}; problems are reported as
 * {@link dev.cider.data.source.pickle.NumpyPickleException}s naming the file.
 */
package dev.cider.data.source.pickle;
