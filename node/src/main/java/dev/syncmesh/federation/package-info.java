/**
 * Object transfer between meshes, without actors or HTTP: which objects a side lacks, packs that
 * carry them in bounded streamed batches, and the verified receiving of packs.
 */
package dev.syncmesh.federation;
