/**
 * NFS-safe file locks that interoperate with Python's flufl.lock.
 *
 * <p>{@link io.github.lockwatch.lock.LockFile} is the lock object; acquiring it returns a
 * {@link io.github.lockwatch.lock.HeldLock} to close. {@link io.github.lockwatch.lock.Claim} parses
 * what lock files contain, for tools that inspect locks without taking them.
 */
package io.github.lockwatch.lock;
