package dev.cider.data.source.pickle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that counts the bytes consumed and remembers whether the end of the data was reached,
 * so the unpickler can map large buffers at their file offset and tell a truncated file from a corrupt one.
 */
final class PositionInputStream extends FilterInputStream {

    private long position;
    private boolean endReached;

    PositionInputStream(InputStream in) {
        super(in);
    }

    /** @return The number of bytes consumed so far. */
    long position() {
        return position;
    }

    /** @return Whether a read hit the end of the data. */
    boolean endReached() {
        return endReached;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            endReached = true;
        } else {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            endReached = true;
        } else {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
