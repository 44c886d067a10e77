/** Three-way merging, field by field: of one record here, of trees and commits built on it. */
package dev.syncmesh.merge;
