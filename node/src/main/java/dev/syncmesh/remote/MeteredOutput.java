package dev.syncmesh.remote;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** A stream that tells {@code counted} of every byte written through it, as it is written. */
final class MeteredOutput extends FilterOutputStream {
  private final LongConsumer counted;

  MeteredOutput(OutputStream out, LongConsumer counted) {
    super(out);
    this.counted = counted;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    counted.accept(1);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    counted.accept(length);
  }
}
