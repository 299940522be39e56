export type Role = 'coordinator' | 'contributor';

/**
 * Who issues a command, as the rules see them: always folded from their network's stream when the command is
 * decided (never taken from a view), so what a person may do follows the log.
 */
export interface Actor {
  personId: string;
  networkId: string;
  /** Empty for someone who is no longer a member. */
  roles: readonly Role[];
  /** The network is enrolled and neither suspended nor departed. */
  networkActive: boolean;
  /** The network is the facilitator, which enrols the others. */
  facilitator: boolean;
  /** The network has adopted the principles in force. */
  principlesAdopted: boolean;
  /** Holds the network's Steering Group seat, while the network is active. */
  seat: boolean;
}
