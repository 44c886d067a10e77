package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordKeyTest {
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

  @Property
  void acceptsExactlyTheSpecifiedPattern(
      @ForAll @StringLength(max = 140) @Chars({'a', 'z', '0', '9', '-', '_', '.', ':', 'A', 'Z', '/', ' ', '+'}) String key) {
    boolean valid = key.matches("[a-z][a-z0-9_-]{0,62}/[A-Za-z0-9._:-]{1,128}");
    if (valid) {
      assertThat(RecordKey.parse(key)).hasToString(key);
    } else {
      assertThatThrownBy(() -> RecordKey.parse(key)).isInstanceOf(InvalidInputException.class);
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
