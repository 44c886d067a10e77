package dev.syncmesh.protocol.merge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import java.util.Objects;

/**
 * A field of a record that both sides changed differently since the merge base.
 *
 * <p>{@code field} is a top-level property name, or {@link #RECORD} ({@code "*"}) for a
 * record-level conflict: one side deleted the record and the other modified it; {@code base},
 * {@code ours} and {@code theirs} are then whole record values. Java {@code null} means absent (a
 * missing field, a deleted or not yet created record); a {@code NullNode} is a field whose value is
 * JSON {@code null}. In JSON, absent sides are left out, so that the two stay distinct.
 */
@JsonPropertyOrder({"key", "field", "base", "ours", "theirs"})
public record Conflict(
    @JsonSerialize(using = ToStringSerializer.class) RecordKey key,
    String field,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode base,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode ours,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode theirs) {

  /**
   * The field name of a record-level (delete versus modify) conflict, which no record value may use
   * as a field of its own.
   */
  public static final String RECORD = RecordValue.RESERVED_FIELD;

  public Conflict {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(field, "field");
  }

  /** A delete-versus-modify conflict over whole record values. */
  public static Conflict ofRecord(RecordKey key, JsonNode base, JsonNode ours, JsonNode theirs) {
    return new Conflict(key, RECORD, base, ours, theirs);
  }

  @JsonCreator
  static Conflict fromJson(
      @JsonProperty("key") String key,
      @JsonProperty("field") String field,
      @JsonProperty("base") JsonNode base,
      @JsonProperty("ours") JsonNode ours,
      @JsonProperty("theirs") JsonNode theirs) {
    return new Conflict(RecordKey.parse(key), field, base, ours, theirs);
  }

  @JsonIgnore
  public boolean isRecordLevel() {
    return RECORD.equals(field);
  }
}
