package dev.syncmesh.ops.cli;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake API per test, and the CLI pointed at it. */
abstract class ApiTest {
  static final String H1 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String H2 = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  FakeApi api;
  Cli cli;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    cli = new Cli(api);
  }

  @AfterEach
  void stop() {
    api.close();
  }
}
