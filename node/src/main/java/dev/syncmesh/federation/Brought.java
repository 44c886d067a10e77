package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The objects a pack (or several parts of one transfer) brought: those whose bytes it carried,
 * whole or as a patch, and for each node that came only as a patch, the base it named. Only these,
 * and what the receiving peer's own history holds, may make up the trees of the commits it brings:
 * an object that is merely stored (another peer's, say) is not the sender's to refer to.
 */
public final class Brought {
  public static final Brought NONE = new Brought(Set.of(), Map.of());

  private final Set<Hash> objects;
  private final Map<Hash, Hash> patched;

  Brought(Set<Hash> objects, Map<Hash, Hash> patched) {
    this.objects = objects;
    this.patched = patched;
  }

  /** Whether the object's bytes came (for a node rebuilt from a patch, see {@link #baseOf}). */
  public boolean has(Hash hash) {
    return objects.contains(hash);
  }

  /** The base a node that came only as a patch was rebuilt from; null if it came whole. */
  public Hash baseOf(Hash hash) {
    return patched.get(hash);
  }

  public int size() {
    return objects.size();
  }

  /** Both: a node that came whole in either has no base. */
  public Brought plus(Brought other) {
    if (other.objects.isEmpty()) {
      return this;
    }
    if (objects.isEmpty()) {
      return other;
    }
    Set<Hash> all = new HashSet<>(objects);
    all.addAll(other.objects);
    Map<Hash, Hash> bases = new HashMap<>();
    patched.forEach((node, base) -> keepBase(bases, other, node, base));
    other.patched.forEach((node, base) -> keepBase(bases, this, node, base));
    return new Brought(all, bases);
  }

  private static void keepBase(Map<Hash, Hash> bases, Brought other, Hash node, Hash base) {
    if (!other.has(node) || other.baseOf(node) != null) {
      bases.put(node, base);
    }
  }
}
