import type { Role } from './policy.ts';

/** The signed-in staff member, as every request sees them. */
export interface StaffPrincipal {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types req.user through its global namespace
  namespace Express {
    // passport's req.user is the principal: declaration merging needs an interface, empty as it is.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends StaffPrincipal {}
  }
}

declare module 'express-session' {
  interface SessionData {
    passport?: { user?: number };
    signedInAt?: number;
    lastSeenAt?: number;
    csrfToken?: string;
    /** The staff member as the store read them with this session; never written back. */
    currentStaff?: StaffPrincipal | null;
  }
}
