package dev.syncmesh.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** A stream that tells {@code counted} of every byte read through it, as it is read. */
final class MeteredInput extends FilterInputStream {
  private final LongConsumer counted;

  MeteredInput(InputStream in, LongConsumer counted) {
    super(in);
    this.counted = counted;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted.accept(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      counted.accept(n);
    }
    return n;
  }
}
