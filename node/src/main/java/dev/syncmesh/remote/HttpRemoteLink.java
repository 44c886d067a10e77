package dev.syncmesh.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.federation.PackFailure;
import dev.syncmesh.federation.PackPlan;
import dev.syncmesh.federation.PackProgress;
import dev.syncmesh.federation.PackReceiver;
import dev.syncmesh.federation.Resume;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitEntry;
import dev.syncmesh.http.Json;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.remote.FederationWire.FetchRequest;
import dev.syncmesh.remote.FederationWire.PushReply;
import dev.syncmesh.remote.FederationWire.ResumePoint;
import dev.syncmesh.sync.Deadline;
import dev.syncmesh.sync.RemoteLink;
import dev.syncmesh.sync.SessionMeter;
import dev.syncmesh.sync.SyncErrorKind;
import dev.syncmesh.sync.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A remote in another mesh, over its federation API. A fetch streams each pack straight into the
 * {@link PackReceiver} (nothing is held whole), asks again for what a pack left out (its writer
 * stopped at a limit, or the stream broke: then after a wait, with the commits received as haves
 * and from where it stopped, so verified objects are not sent twice), and checks that the remote
 * head is complete here before it reports success. A push plans against the remote head we fetched
 * and streams the pack as it is written.
 */
public final class HttpRemoteLink implements RemoteLink {
  /** The newest commits received by an unfinished fetch, sent as haves by the next attempt. */
  private static final int HAVES_KEPT = 64;
  /** Haves sent for our own history: the newest ones, then sampled further back. */
  private static final int NEWEST_HAVES = 32;
  private static final int SAMPLED_HAVES = 48;
  private static final long MAX_WALK = 1 << 16;
  /** Parts of one push (each at most a pack's limits) before giving up. */
  private static final int MAX_PARTS = 1_000;

  private final FederationClient client;
  private final FederationKit kit;
  private final Executor calls;
  private final Executor storeWork;
  private final FetchMemory.Slot memory;
  private final FederationSettings settings;

  /**
   * @param calls where the calls run (they wait on the network)
   * @param storeWork where a pushed pack is read from the store and written into the request
   */
  HttpRemoteLink(
      FederationClient client,
      FederationKit kit,
      Executor calls,
      Executor storeWork,
      FetchMemory.Slot memory,
      FederationSettings settings) {
    this.client = client;
    this.settings = settings;
    this.kit = kit;
    this.calls = calls;
    this.storeWork = storeWork;
    this.memory = memory;
  }

  @Override
  public CompletionStage<RemoteHead> head(Deadline deadline) {
    return CompletableFuture.supplyAsync(() -> readHead(deadline), calls);
  }

  private RemoteHead readHead(Deadline deadline) {
    String operation = "reading the head";
    HttpResponse<InputStream> response =
        client.send(() -> client.request("/head").GET(), operation, deadline);
    if (response.statusCode() != 200) {
      throw client.refusal(response, operation, deadline);
    }
    byte[] answer = client.readAnswer(response, settings.maxAnswerBytes(), operation, deadline);
    try {
      JsonNode head = Json.mapper().readTree(answer).path("head");
      return new RemoteHead(head.isTextual() ? Hash.parse(head.asText()) : null);
    } catch (IOException | RuntimeException e) {
      throw new SyncFailure(
          SyncErrorKind.INVALID_DATA, "the remote's head is not readable: not a head's JSON");
    }
  }

  @Override
  public CompletionStage<Transfer> fetch(
      Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter) {
    if (remoteHead == null) {
      return CompletableFuture.completedFuture(Transfer.NONE);
    }
    return CompletableFuture.supplyAsync(() -> fetchNow(remoteHead, localHead, deadline, meter), calls);
  }

  /**
   * Packs until the remote head is complete here, within the bounds of one fetch: at most {@code
   * max-fetch-rounds} packs and {@code max-fetch-objects} / {@code max-fetch-bytes} in all (each
   * pack also within the pack limits), by the deadline. A remote that goes on saying "more follows"
   * is refused with {@code INVALID_DATA} at the first bound it passes.
   */
  private Transfer fetchNow(Hash remoteHead, Hash localHead, Deadline deadline, SessionMeter meter) {
    if (memory.get(kit.completeness(), localHead).intake().reaches(remoteHead) == null) {
      return Transfer.NONE; // nothing to move: a no-op sync costs one request, the head's
    }
    long objects = 0;
    long bytes = 0;
    int failures = 0;
    for (int round = 1; ; round++) {
      FetchMemory.Partial partial = memory.get(kit.completeness(), localHead);
      // Each request is retried by the client; a stream that breaks once it has begun is retried
      // here, from where it stopped.
      PackReceiver.Received received = receivePack(remoteHead, localHead, partial, deadline, meter);
      objects += received.objectsReceived();
      bytes += received.bytesReceived();
      kit.meters().clientIn().increment(received.bytesReceived());
      PackFailure unsound = partial.intake().take(received);
      if (unsound != null) {
        memory.clear();
        throw new SyncFailure(
            SyncErrorKind.INVALID_DATA,
            "the pack from the remote was refused (" + unsound.kind() + "): " + unsound.message());
      }
      memory.set(partial.after(received, HAVES_KEPT));
      if (received.ok() && received.complete()) {
        break;
      }
      if (deadline.passed()) {
        throw new SyncFailure(
            SyncErrorKind.TIMEOUT,
            "the fetch did not finish within the phase's time (" + objects + " objects received)");
      }
      checkBounds(round, objects, bytes);
      if (received.failure() != null) {
        if (!received.failure().retriable() || ++failures >= client.attempts()) {
          throw new SyncFailure(
              received.failure().retriable() ? SyncErrorKind.NETWORK : SyncErrorKind.INVALID_DATA,
              "the pack from the remote was refused ("
                  + received.failure().kind()
                  + "): "
                  + received.failure().message());
        }
        if (!client.pause(failures + 1, deadline)) {
          throw new SyncFailure(
              SyncErrorKind.TIMEOUT,
              "the fetch did not finish within the phase's time: the pack broke off ("
                  + received.failure().message()
                  + ")");
        }
      }
    }
    PackFailure incomplete = memory.get(kit.completeness(), localHead).intake().reaches(remoteHead);
    memory.clear();
    if (incomplete != null) {
      throw new SyncFailure(
          SyncErrorKind.INVALID_DATA,
          "the remote head " + remoteHead + " is not complete after the fetch: " + incomplete.message());
    }
    return new Transfer(objects, bytes);
  }

  /** Refuses a fetch that has gone past one of its bounds and still is not complete. */
  private void checkBounds(int rounds, long objects, long bytes) {
    String passed =
        rounds >= settings.maxFetchRounds()
            ? rounds + " packs"
            : objects > settings.maxFetchObjects()
                ? objects + " objects"
                : bytes > settings.maxFetchBytes() ? bytes + " bytes" : null;
    if (passed != null) {
      throw new SyncFailure(
          SyncErrorKind.INVALID_DATA,
          "the remote sent "
              + passed
              + " and the fetch is still not complete: more than one fetch may take"
              + " (syncmesh.federation.max-fetch-rounds, -objects, -bytes)");
    }
  }

  /** One pack, streamed into the receiver; a broken stream is a failure of the result. */
  private PackReceiver.Received receivePack(
      Hash remoteHead, Hash localHead, FetchMemory.Partial partial, Deadline deadline, SessionMeter meter) {
    List<String> haves = new ArrayList<>();
    sampledHistory(localHead).forEach(commit -> haves.add(commit.hex()));
    partial.commits().forEach(commit -> haves.add(commit.hex()));
    byte[] body =
        Json.bytes(
            new FetchRequest(remoteHead.hex(), haves, ResumePoint.of(partial.resume())));
    HttpResponse<InputStream> response =
        client.send(
            () ->
                client
                    .request("/fetch")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            "fetching",
            deadline);
    if (response.statusCode() != 200) {
      throw client.refusal(response, "fetching", deadline);
    }
    PackProgress stored =
        new PackProgress() {
          @Override
          public void objects(long objects) {
            meter.received(objects, 0);
          }
        };
    return client.read(
        response,
        "fetching",
        deadline,
        in -> kit.receiver().receive(new MeteredInput(in, bytes -> meter.received(0, bytes)), stored));
  }

  /**
   * What we have, for the remote to find the newest commit we share: the newest commits of our
   * history, then first parents further and further apart (as Git negotiates), so that a shared
   * commit is found among a bounded number of haves however long our history has run apart.
   */
  private List<Hash> sampledHistory(Hash localHead) {
    List<Hash> haves = new ArrayList<>();
    if (localHead == null) {
      return haves;
    }
    List<CommitEntry> newest = kit.commits().log(localHead, NEWEST_HAVES);
    newest.forEach(entry -> haves.add(entry.hash()));
    if (newest.size() < NEWEST_HAVES) {
      return haves; // the whole history
    }
    Commit commit = newest.get(newest.size() - 1).commit();
    long step = 2;
    long walked = 0;
    while (!commit.isRoot() && haves.size() < SAMPLED_HAVES && walked < MAX_WALK) {
      Hash parent = commit.parents().get(0);
      commit = kit.commits().read(parent);
      if (++walked % step == 0) {
        haves.add(parent);
        step *= 2;
      }
    }
    return haves;
  }

  @Override
  public CompletionStage<Transfer> push(
      Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
    return CompletableFuture.supplyAsync(() -> pushNow(expected, newHead, deadline, meter), calls);
  }

  private Transfer pushNow(Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
    List<Hash> haves = new ArrayList<>();
    if (expected != null) {
      haves.add(expected);
    }
    Resume resume = null;
    long objects = 0;
    long bytes = 0;
    for (int part = 0; part < MAX_PARTS; part++) {
      PackPlan plan = kit.planner().plan(newHead, haves, resume);
      if (part == 0) {
        meter.willSend(plan.commits().size());
      }
      PushReply reply = sendPack(plan, expected, newHead, deadline, meter);
      objects += reply.objectsReceived();
      bytes += reply.bytesReceived();
      kit.meters().clientOut().increment(reply.bytesReceived());
      if (reply.complete()) {
        return new Transfer(objects, bytes);
      }
      FederationWire.hashes(reply.commits()).forEach(haves::add);
      while (haves.size() > HAVES_KEPT) {
        haves.remove(expected == null ? 0 : 1);
      }
      resume = reply.resume() == null ? null : reply.resume().toResume();
    }
    throw new SyncFailure(
        SyncErrorKind.INTERNAL, "the push did not finish in " + MAX_PARTS + " parts");
  }

  /**
   * Sends one pack. Its writer, on a store thread, is released when the call ends however it ends
   * (the pipe it writes into is closed), so a remote that stops reading holds no store thread.
   */
  private PushReply sendPack(
      PackPlan plan, Hash expected, Hash newHead, Deadline deadline, SessionMeter meter) {
    String operation = "pushing";
    String query =
        "?head=" + newHead.hex() + (expected == null ? "" : "&expected=" + expected.hex());
    List<InputStream> pipes = new ArrayList<>();
    byte[] answer;
    try {
      HttpResponse<InputStream> response =
          client.send(
              () ->
                  client
                      .request("/push" + query)
                      .header("Content-Type", FederationWire.PACK_MEDIA_TYPE)
                      .POST(HttpRequest.BodyPublishers.ofInputStream(() -> written(plan, pipes, meter))),
              operation,
              deadline);
      if (response.statusCode() != 200 && response.statusCode() != 202) {
        throw client.refusal(response, operation, deadline);
      }
      answer = client.readAnswer(response, settings.maxAnswerBytes(), operation, deadline);
    } finally {
      synchronized (pipes) {
        pipes.forEach(FederationClient::closeQuietly);
      }
    }
    try {
      return Json.mapper().readValue(answer, PushReply.class);
    } catch (IOException e) {
      throw new SyncFailure(
          SyncErrorKind.INVALID_DATA, "the push's answer is not readable: not a push reply's JSON");
    }
  }

  /** The pack, written on another thread into a pipe the request body reads. */
  private InputStream written(PackPlan plan, List<InputStream> pipes, SessionMeter meter) {
    PipedInputStream in = new PipedInputStream(1 << 16);
    synchronized (pipes) {
      pipes.add(in);
    }
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    storeWork.execute(
        () -> {
          try (out) {
            kit.writer().write(plan, new MeteredOutput(out, bytes -> meter.sent(0, bytes)), sent(meter));
          } catch (IOException e) {
            // The request was abandoned; the push fails or is retried on the caller's side.
          }
        });
    return in;
  }

  /**
   * Counts a pack's objects into {@code meter} as they are written. A part sent again after a
   * broken request counts again: the meter says what went out, not what arrived.
   */
  private static PackProgress sent(SessionMeter meter) {
    return new PackProgress() {
      @Override
      public void objects(long objects) {
        meter.sent(objects, 0);
      }

      @Override
      public void commit() {
        meter.commitSent();
      }
    };
  }
}
