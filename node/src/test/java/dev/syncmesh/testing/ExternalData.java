package dev.syncmesh.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real test data written by others that lives beside the repository ({@code
 * ../shared/external}, see its README), never inside it. Found from {@code
 * SYNCMESH_EXTERNAL_DATA} if set, else in a {@code shared/external} folder beside the checkout or
 * one of its parents; a test that needs it is skipped, saying so, where there is none.
 */
public final class ExternalData {
  public static final String VARIABLE = "SYNCMESH_EXTERNAL_DATA";

  private ExternalData() {}

  /** The folder {@code relative} of the external data; skips the calling test without it. */
  public static Path require(String relative) {
    Path root = root();
    Assumptions.assumeTrue(
        root != null && Files.isDirectory(root.resolve(relative)),
        "no external test data (" + relative + "): set " + VARIABLE + " to the shared/external folder");
    return root.resolve(relative);
  }

  private static Path root() {
    String given = System.getenv(VARIABLE);
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("external");
      if (dir.getParent() != null && Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
