package dev.syncmesh.remote;

import dev.syncmesh.federation.Resume;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The JSON bodies of the federation API, {@code /federation/v1}; packs travel as bytes. */
public final class FederationWire {
  /** The media type of a pack, in a fetch's response and a push's request. */
  public static final String PACK_MEDIA_TYPE = "application/vnd.syncmesh.pack";

  public static final String PATH = "/federation/v1";

  private FederationWire() {}

  /** {@code GET /peers/{peer}/head}: the head, null before the peer's first commit. */
  public record HeadReply(String peer, String head) {}

  /**
   * {@code POST /peers/{peer}/fetch}: the commit wanted (the head the caller read, or an ancestor
   * of the head of now), the commits the caller has, and where an interrupted pack stopped.
   */
  public record FetchRequest(String want, List<String> haves, ResumePoint resume) {}

  public record ResumePoint(String commit, String key, int level) {
    static ResumePoint of(Resume resume) {
      return resume == null ? null : new ResumePoint(resume.commit().hex(), resume.key(), resume.level());
    }

    Resume toResume() {
      if (key == null) {
        throw new InvalidInputException("invalid-request", "a resume point needs a key");
      }
      return new Resume(Hash.parse(commit), key, level);
    }
  }

  /**
   * {@code POST /peers/{peer}/push}: {@code head} is the peer's head after the push; {@code
   * complete} false means the pack was a part (its writer stopped at a limit) and was stored, but
   * the head did not move: send the rest, with {@code commits} among the haves and from {@code
   * resume}.
   */
  public record PushReply(
      String head,
      boolean complete,
      List<String> commits,
      ResumePoint resume,
      long objectsReceived,
      long bytesReceived) {}

  static List<String> hex(List<Hash> hashes) {
    return hashes.stream().map(Hash::hex).toList();
  }

  static List<Hash> hashes(List<String> hex) {
    List<Hash> hashes = new ArrayList<>();
    if (hex != null) {
      for (String text : hex) {
        hashes.add(Hash.parse(text));
      }
    }
    return hashes;
  }
}
