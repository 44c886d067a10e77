package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordKeyTest {
  private static final String ALPHABET = "az09-_.:AZ/ +";
  private static final String COLLECTION_63 = "c" + "_-a0".repeat(15) + "zz";
  private static final String ID_128 = "Az09._:-".repeat(16);

  @ParameterizedTest
  @ValueSource(strings = {"a", "z", "issues", "a0", "a_b", "a-b", "a__", "a--"})
  void acceptsCollections(String collection) {
    assertThat(new RecordKey(collection, "1").collection()).isEqualTo(collection);
    assertThat(RecordKey.requireCollection(collection)).isEqualTo(collection);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0a", "_a", "-a", "A", "aB", "a.b", "a:b", "a b", "a/b", "é", "a\n"})
  void refusesOtherCollections(String collection) {
    assertRefused(() -> new RecordKey(collection, "1"), "collection");
    assertRefused(() -> RecordKey.requireCollection(collection), "collection");
  }

  @Test
  void collectionsHaveAtMostSixtyThreeCharacters() {
    assertThat(COLLECTION_63).hasSize(63);
    assertThat(new RecordKey(COLLECTION_63, "1").collection()).isEqualTo(COLLECTION_63);
    assertRefused(() -> new RecordKey(COLLECTION_63 + "a", "1"), "collection");
    assertRefused(() -> new RecordKey(null, "1"), "collection");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "A", "z", "x.y", "x_y", "x:y", "x-y", ".", "..", "-", "_", ":", "2026-11-22T10:00:00.5"})
  void acceptsIds(String id) {
    assertThat(new RecordKey("c", id).id()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a b", " ", "a\n", "a+b", "a~b", "é", "a%20", "a#", "a?b", "a*", "a,b", "ａ"})
  void refusesOtherIds(String id) {
    assertRefused(() -> new RecordKey("c", id), "record id");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void dotSegmentsAreKeysButCannotBeWritten(String id) {
    RecordKey key = new RecordKey("c", id);
    assertRefused(key::requireAddressable, "record id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"...", ".a", "a.", "x.y"})
  void otherIdsWithDotsCanBeWritten(String id) {
    RecordKey key = new RecordKey("c", id);
    assertThat(key.requireAddressable()).isSameAs(key);
  }

  @Test
  void idsHaveOneToOneHundredTwentyEightCharacters() {
    assertThat(ID_128).hasSize(128);
    assertThat(new RecordKey("c", ID_128).id()).isEqualTo(ID_128);
    assertRefused(() -> new RecordKey("c", ID_128 + "a"), "record id");
    assertRefused(() -> new RecordKey("c", null), "record id");
  }

  @Test
  void parsesCollectionSlashId() {
    RecordKey key = RecordKey.parse("issues/ISSUE-1.2");

    assertThat(key).isEqualTo(new RecordKey("issues", "ISSUE-1.2"));
    assertThat(key).hasToString("issues/ISSUE-1.2");
    assertThat(RecordKey.parse(COLLECTION_63 + "/" + ID_128).id()).isEqualTo(ID_128);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "issues", "/1", "issues/", "issues/a/b", "Issues/1", "issues//1", " issues/1"})
  void refusesMalformedKeys(String key) {
    assertThatThrownBy(() -> RecordKey.parse(key))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo("invalid-key"));
  }

  @Test
  void refusesAMissingKey() {
    assertRefused(() -> RecordKey.parse(null), "record key");
  }

  /**
   * Keys from an alphabet of valid and invalid characters. Two thirds are built as a collection, a
   * slash and an id, each near its length limits and maybe with one character changed, so that
   * valid keys and keys just outside the pattern come up often; the rest are any strings of up to
   * 140 characters.
   */
  @Seeds(1000)
  void acceptsExactlyTheSpecifiedPattern(Gen gen) {
    String key;
    if (gen.oneIn(3)) {
      key = gen.string(140, ALPHABET);
    } else {
      StringBuilder text = new StringBuilder();
      text.append(gen.oneIn(10) ? "" : gen.pick("az"));
      text.append(part(gen, gen.pick(0, gen.between(0, 62), 62, 63), "az09-_"));
      text.append('/');
      text.append(part(gen, gen.pick(0, 1, gen.between(1, 128), 128, 129), "az09-_.:AZ"));
      if (gen.oneIn(3)) {
        text.setCharAt(gen.nextInt(text.length()), gen.pick(ALPHABET));
      }
      key = text.toString();
    }
    checkPattern(key);
  }

  /** Every key of up to three characters of the alphabet. */
  @Test
  void acceptsExactlyTheSpecifiedPatternForShortKeys() {
    List<String> keys = new ArrayList<>(List.of(""));
    for (int length = 1; length <= 3; length++) {
      List<String> longer = new ArrayList<>();
      for (String key : keys) {
        checkPattern(key);
        for (char c : ALPHABET.toCharArray()) {
          longer.add(key + c);
        }
      }
      keys = longer;
    }
    keys.forEach(RecordKeyTest::checkPattern);
  }

  private static String part(Gen gen, int length, String alphabet) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.append(gen.pick(alphabet));
    }
    return text.toString();
  }

  private static void checkPattern(String key) {
    boolean valid = key.matches("[a-z][a-z0-9_-]{0,62}/[A-Za-z0-9._:-]{1,128}");
    if (valid) {
      assertThat(RecordKey.parse(key)).hasToString(key);
    } else {
      assertThat(catchThrowable(() -> RecordKey.parse(key)))
          .as("refusal of '%s'", key)
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void keysOrderAsTheirText() {
    // '-' sorts before '/' and '/' before digits: a collection's keys stay together all the same.
    assertThat(RecordKey.parse("a-b/z")).isLessThan(RecordKey.parse("a/a"));
    assertThat(RecordKey.parse("a/z")).isLessThan(RecordKey.parse("a0/a"));
    assertThat(RecordKey.parse("a/B")).isLessThan(RecordKey.parse("a/a"));
  }

  private static void assertRefused(Runnable make, String what) {
    assertThatThrownBy(make::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.problem()).isEqualTo("invalid-key");
              assertThat(e.getMessage()).startsWith(what);
            });
  }
}
