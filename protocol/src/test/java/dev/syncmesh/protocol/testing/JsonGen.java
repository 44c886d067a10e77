package dev.syncmesh.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Random JSON values: strings, exact decimals, and arrays and objects of them. */
public final class JsonGen {
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final BigInteger LIMIT = BigInteger.TEN.pow(30);

  private JsonGen() {}

  /**
   * A value nested at most {@code depth} levels: a leaf half the time, otherwise an array or an
   * object of up to four members.
   */
  public static JsonNode value(Gen gen, int depth) {
    depth = gen.depth(depth);
    int kind = depth == 0 ? 0 : gen.nextInt(4);
    if (kind <= 1) {
      return leaf(gen);
    }
    int size = gen.size(4);
    if (kind == 2) {
      ArrayNode array = NODES.arrayNode();
      for (int i = 0; i < size; i++) {
        array.add(value(gen, depth - 1));
      }
      return array;
    }
    ObjectNode object = NODES.objectNode();
    for (int i = 0; i < size; i++) {
      object.set(text(gen, 8, '\u0000'), value(gen, depth - 1));
    }
    return object;
  }

  public static JsonNode leaf(Gen gen) {
    switch (gen.nextInt(4)) {
      case 0:
        return TextNode.valueOf(text(gen, 8, '\u0000'));
      case 1:
        return DecimalNode.valueOf(number(gen));
      case 2:
        return BooleanNode.valueOf(gen.nextBoolean());
      default:
        return NullNode.getInstance();
    }
  }

  /** An unscaled value of at most 10^30 in size, with a scale from -40 to 40. */
  public static BigDecimal number(Gen gen) {
    BigInteger unscaled;
    switch (gen.nextInt(6)) {
      case 0:
        unscaled = gen.pick(BigInteger.ZERO, BigInteger.ONE, LIMIT, LIMIT.negate());
        break;
      case 1:
      case 2:
        unscaled = BigInteger.valueOf(gen.between(-1000, 1000));
        break;
      default:
        unscaled = new BigInteger(gen.between(1, 100), gen).mod(LIMIT.add(BigInteger.ONE));
        unscaled = gen.nextBoolean() ? unscaled : unscaled.negate();
    }
    int scale = gen.oneIn(5) ? 0 : gen.between(-40, 40);
    return new BigDecimal(unscaled, scale);
  }

  /**
   * Up to {@code maxLength} UTF-16 code units, none below {@code lowest}, no unpaired surrogate.
   * Each string draws on one palette: two letters (so that strings share prefixes and repeat),
   * ASCII with its control characters, quote and backslash, or the whole BMP and surrogate pairs.
   */
  public static String text(Gen gen, int maxLength, char lowest) {
    int palette = gen.nextInt(3);
    int length = gen.size(maxLength);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      if (palette == 0) {
        text.append(gen.pick("ab"));
      } else if (palette == 1) {
        text.append((char) gen.between(lowest, 0x7f));
      } else if (gen.oneIn(8) && text.length() + 2 <= length) {
        text.appendCodePoint(gen.between(0x10000, 0x10ffff));
      } else {
        char c = (char) gen.between(lowest, 0xffff);
        text.append(Character.isSurrogate(c) ? 'x' : c);
      }
    }
    return text.toString();
  }
}
