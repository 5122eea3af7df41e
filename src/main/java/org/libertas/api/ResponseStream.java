package org.libertas.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An output stream onto a chunked HTTP response, for writers running on a worker thread (Jena's RDF
 * and result writers): it sends 64 KiB chunks and waits while the client is slow, so an export
 * never piles up in memory.
 */
final class ResponseStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;
  private final HttpServerResponse response;
  private final byte[] buffer = new byte[CHUNK];
  private int used;

  ResponseStream(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    if (used == CHUNK) {
      send();
    }
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (used == CHUNK) {
        send();
      }
      int n = Math.min(len, CHUNK - used);
      System.arraycopy(b, off, buffer, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (used > 0) {
      send();
    }
  }

  private void send() throws IOException {
    if (response.closed()) {
      throw new IOException("the client went away");
    }
    byte[] chunk = java.util.Arrays.copyOf(buffer, used);
    used = 0;
    response.write(Buffer.buffer(chunk));
    if (response.writeQueueFull()) {
      CountDownLatch drained = new CountDownLatch(1);
      response.drainHandler(v -> drained.countDown());
      try {
        while (response.writeQueueFull() && !response.closed()) {
          if (drained.await(1, TimeUnit.SECONDS)) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the client was slow", e);
      }
    }
  }
}
