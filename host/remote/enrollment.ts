import { z } from 'zod';
import { NODE_ROLES } from '../api/contract/room';

/**
 * This machine's enrollment with a remote host, as `ioc-wall enroll` writes it and the desktop
 * app reads it: node id, role, name, credential, and the host it belongs to (a credential is
 * only ever presented to that host).
 */
export const enrollmentSchema = z.object({
  nodeId: z.string().min(1),
  role: z.enum(NODE_ROLES),
  name: z.string(),
  credential: z.string().min(1),
  url: z.string().min(1),
});
export type Enrollment = z.output<typeof enrollmentSchema>;

/** The key of the enrollment in a secret store. */
export const ENROLLMENT_KEY = 'node.enrollment';
/** The owner-only file in the data folder where `ioc-wall enroll` (and a keyring-less app) keeps it. */
export const ENROLLMENT_FILE = 'node-credential.json';
