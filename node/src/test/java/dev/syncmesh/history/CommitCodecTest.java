package dev.syncmesh.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommitCodecTest {
  private static final Hash TREE = StoredObject.of(ObjectKind.NODE, new byte[] {1}).hash();
  private static final Hash P1 = StoredObject.of(ObjectKind.COMMIT, new byte[] {2}).hash();
  private static final Hash P2 = StoredObject.of(ObjectKind.COMMIT, new byte[] {3}).hash();
  private static final Instant TIME = Instant.parse("2024-05-01T10:00:00Z");
  private static final String VALID =
      "{'author':'ann','generation':1,'message':'m','parents':[],'time':'2024-05-01T10:00:00Z',"
          + "'tree':'$T'}";

  @Test
  void encodesAsCanonicalJsonInACommitObject() {
    Commit root = new Commit(TREE, List.of(), "ann", "m", TIME, 1);
    StoredObject object = CommitGraph.encode(root);
    assertThat(object.kind()).isEqualTo(ObjectKind.COMMIT);
    assertThat(new String(object.data(), UTF_8)).isEqualTo(fill(VALID));
    assertThat(CommitGraph.decode(object)).isEqualTo(root);
  }

  @Test
  void roundTripsMergeCommitsWithAnyText() {
    Commit merge =
        new Commit(
            TREE,
            List.of(P2, P1),
            "bø \"b\"",
            "line 1\nline 2 \u2603 \u0001",
            Instant.parse("2024-05-01T10:00:00.123456789Z"),
            7);
    StoredObject object = CommitGraph.encode(merge);
    assertThat(CommitGraph.decode(object)).isEqualTo(merge);
    assertThat(CommitGraph.encode(CommitGraph.decode(object)).hash()).isEqualTo(object.hash());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", "{'author':"),
        Arguments.of("an array", "[]"),
        Arguments.of("a missing field", VALID.replace("'message':'m',", "")),
        Arguments.of("an extra field", VALID.replace("{", "{'a':1,")),
        Arguments.of("a tree that is not a hash", VALID.replace("$T", "abc")),
        Arguments.of("a tree hash in upper case", VALID.replace("$T", TREE.hex().toUpperCase())),
        Arguments.of("a tree that is a number", VALID.replace("'$T'", "1")),
        Arguments.of("parents that are not an array", VALID.replace("[]", "'$P'")),
        Arguments.of("a parent that is a number", VALID.replace("[]", "[1]")),
        Arguments.of("three parents", two("['$T','$P','$Q']")),
        Arguments.of("the same parent twice", two("['$P','$P']")),
        Arguments.of("generation 0 for a root", VALID.replace(":1,", ":0,")),
        Arguments.of("generation 1 with a parent", VALID.replace("[]", "['$P']")),
        Arguments.of("generation as text", VALID.replace(":1,", ":'1',")),
        Arguments.of("a fractional generation", VALID.replace(":1,", ":1.5,")),
        Arguments.of("a huge generation", VALID.replace(":1,", ":123456789012345678901234,")),
        Arguments.of("a time that is not an instant", VALID.replace("10:00:00Z", "10h")),
        Arguments.of("a time with a zone offset", VALID.replace("00Z", "00+01:00")),
        Arguments.of("a non-canonical time", VALID.replace("00Z", "00.000Z")),
        Arguments.of("a null author", VALID.replace("'ann'", "null")),
        Arguments.of("white space", VALID.replace(",", ", ")),
        Arguments.of(
            "unsorted keys",
            VALID.replace("'author':'ann',", "").replace("}", ",'author':'ann'}")),
        Arguments.of("duplicate keys", VALID.replace("{", "{'author':'bob',")));
  }

  /** The valid commit with two parents and generation 3, its parent list replaced. */
  private static String two(String parents) {
    return VALID.replace(":1,", ":3,").replace("[]", parents);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedCommits(String what, String json) {
    StoredObject object = StoredObject.of(ObjectKind.COMMIT, fill(json).getBytes(UTF_8));
    assertThatThrownBy(() -> CommitGraph.decode(object))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo("invalid-commit"))
        .hasMessageContaining(object.hash().hex());
  }

  @Test
  void refusesObjectsOfAnotherKindOrHash() {
    byte[] valid = fill(VALID).getBytes(UTF_8);
    assertThatThrownBy(() -> CommitGraph.decode(StoredObject.of(ObjectKind.BLOB, valid)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("BLOB");
    assertThatThrownBy(() -> CommitGraph.decode(new StoredObject(P1, ObjectKind.COMMIT, valid)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hash does not match");
    byte[] huge = fill(VALID.replace("'m'", "'" + "x".repeat(300_000) + "'")).getBytes(UTF_8);
    assertThatThrownBy(() -> CommitGraph.decode(StoredObject.of(ObjectKind.COMMIT, huge)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit");
  }

  private static String fill(String json) {
    return json.replace('\'', '"')
        .replace("$T", TREE.hex())
        .replace("$P", P1.hex())
        .replace("$Q", P2.hex());
  }
}
