package dev.syncmesh.remote;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Pack bytes this node moved over federation, as {@code syncmesh_federation_bytes_total}: by
 * {@code direction} ({@code in}, {@code out}) and {@code role} ({@code client}, the links of this
 * mesh's sessions; {@code server}, the federation API serving other meshes).
 */
public record FederationMeters(
    Counter clientIn, Counter clientOut, Counter serverIn, Counter serverOut) {

  /** Meters that go nowhere, for kits made outside a node. */
  public static FederationMeters none() {
    return of(new SimpleMeterRegistry());
  }

  public static FederationMeters of(MeterRegistry registry) {
    return new FederationMeters(
        bytes(registry, "in", "client"),
        bytes(registry, "out", "client"),
        bytes(registry, "in", "server"),
        bytes(registry, "out", "server"));
  }

  private static Counter bytes(MeterRegistry registry, String direction, String role) {
    return Counter.builder("syncmesh_federation_bytes")
        .description("Pack bytes moved over federation")
        .baseUnit("bytes")
        .tags("direction", direction, "role", role)
        .register(registry);
  }
}
