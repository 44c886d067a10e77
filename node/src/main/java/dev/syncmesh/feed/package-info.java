/** The change feed: a peer's commits since a point of its history, and as they happen. */
package dev.syncmesh.feed;
