/**
 * Inspection of lock directories: discovery, read-only snapshots, watching, compare-and-act
 * administration with an audit trail, and a filesystem doctor.
 */
package io.github.lockwatch.inspect;
