package dev.syncmesh.gc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What collections add to the node's metrics: {@code syncmesh_gc_runs_total}, {@code
 * syncmesh_gc_deleted_objects_total}, {@code syncmesh_gc_deleted_bytes_total}, {@code
 * syncmesh_gc_seconds}, and the gauge {@code syncmesh_gc_reachable_objects} of the latest run.
 */
public final class GcMeters {
  private final Counter runs;
  private final Counter deletedObjects;
  private final Counter deletedBytes;
  private final Timer took;
  private final AtomicLong reachable = new AtomicLong();

  public GcMeters(MeterRegistry registry) {
    runs = Counter.builder("syncmesh_gc_runs").description("Garbage collections ended").register(registry);
    deletedObjects =
        Counter.builder("syncmesh_gc_deleted_objects")
            .description("Objects garbage collection deleted")
            .register(registry);
    deletedBytes =
        Counter.builder("syncmesh_gc_deleted")
            .description("Object bytes garbage collection deleted")
            .baseUnit("bytes")
            .register(registry);
    took = Timer.builder("syncmesh_gc").description("Time garbage collections took").register(registry);
    registry.gauge("syncmesh_gc_reachable_objects", reachable);
  }

  void record(GcReport report) {
    runs.increment();
    deletedObjects.increment(report.deleted());
    deletedBytes.increment(report.deletedBytes());
    took.record(Duration.ofMillis(report.tookMillis()));
    reachable.set(report.reachable());
  }
}
