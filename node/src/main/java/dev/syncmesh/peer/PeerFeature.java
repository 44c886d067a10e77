package dev.syncmesh.peer;

import dev.syncmesh.cluster.ClusterOverview;
import dev.syncmesh.cluster.SessionRegistry;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.http.ClusterRoutes;
import dev.syncmesh.http.PeerRoutes;
import dev.syncmesh.http.SyncRoutes;
import dev.syncmesh.sync.MeshLink;
import dev.syncmesh.sync.RemoteLinks;
import dev.syncmesh.sync.SyncKit;
import dev.syncmesh.sync.SyncMerger;
import dev.syncmesh.sync.SyncService;
import dev.syncmesh.sync.SyncSettings;
import dev.syncmesh.sync.UnavailableLink;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import dev.syncmesh.node.NodeContext;
import dev.syncmesh.node.NodeFeature;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.GroupCommitObjectStore;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Peers on a node: opens the object store on the node's database once (its pool is closed when the
 * actor system stops), starts sharding for {@link PeerEntity}, and serves the peer API and {@code
 * GET /cluster} (with the node's registry of sessions in flight).
 */
public final class PeerFeature implements NodeFeature {
  private static final Duration CLUSTER_ASK_TIMEOUT = Duration.ofSeconds(3);
  private static final long CACHED_TREE_NODES = 65_536;

  @Override
  public Route start(NodeContext node) {
    ActorSystem<Void> system = node.system();
    PeerSettings settings = PeerSettings.fromConfig(system.settings().config());
    Database database = Database.open(node.database(), settings.storePoolSize());
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-object-store",
            () -> {
              database.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    ObjectStore store = new GroupCommitObjectStore(new JdbcObjectStore(database));
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(PeerSettings.BLOCKING_DISPATCHER));
    ProllyTree tree = new ProllyTree(store, CACHED_TREE_NODES);
    CommitGraph commits = new CommitGraph(store);
    SyncSettings syncSettings = SyncSettings.fromConfig(system.settings().config());
    RemoteLinks links = links(system, syncSettings);
    SyncKit sync =
        new SyncKit(
            links, new SyncMerger(store, tree, commits, Clock.systemUTC()), blocking, syncSettings);
    ActorRef<SessionRegistry.Command> sessions =
        system.systemActorOf(SessionRegistry.create(), "syncmesh-sessions", Props.empty());
    PeerEntity.init(
        system,
        new PeerEntity.Lane(
            new Workspace(store, Clock.systemUTC()), blocking, settings, sync, sessions));
    PeerReader reader = new PeerReader(store, tree, commits);
    PeerService peers = new PeerService(system, reader, store, tree, blocking, settings.askTimeout());
    SyncService syncService = new SyncService(peers, store, commits, links, syncSettings);
    ClusterOverview cluster =
        new ClusterOverview(system, PeerEntity.ENTITY_TYPE_KEY.name(), CLUSTER_ASK_TIMEOUT);
    return Directives.concat(
        new PeerRoutes(peers).route(),
        new SyncRoutes(syncService).route(),
        new ClusterRoutes(cluster).route());
  }

  /** Peers of this mesh through sharding; peers of other meshes over HTTP. */
  private static RemoteLinks links(ActorSystem<?> system, SyncSettings settings) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (peer, remote) -> {
      if (remote.federated()) {
        return new UnavailableLink(
            "remote " + remote.name() + " is in another mesh; federation is not enabled on this node");
      }
      return new MeshLink(sharding, remote.peer(), settings.remoteTimeout());
    };
  }
}
