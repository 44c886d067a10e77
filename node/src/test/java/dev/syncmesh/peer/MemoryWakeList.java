package dev.syncmesh.peer;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A wake list in memory, for entity tests. */
final class MemoryWakeList implements WakeList {
  private final ConcurrentSkipListMap<String, Long> entries = new ConcurrentSkipListMap<>();
  private final AtomicLong tokens = new AtomicLong();

  @Override
  public void add(String peer) {
    entries.put(peer, tokens.incrementAndGet());
  }

  @Override
  public List<Entry> page(String after, int limit) {
    return entries.tailMap(after == null ? "" : after, false).entrySet().stream()
        .limit(limit)
        .map(entry -> new Entry(entry.getKey(), entry.getValue()))
        .toList();
  }

  @Override
  public void remove(Entry entry) {
    entries.remove(entry.peer(), entry.token());
  }

  boolean contains(String peer) {
    return entries.containsKey(peer);
  }
}
