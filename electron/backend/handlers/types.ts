import type { ChannelName, ChannelResult, ParsedInput } from '../../../shared/api';
import type { BackendContext } from '../context';

/** A handler answers at once, or after slow work off the event loop (scrypt, writing an XLSX). */
export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  ctx: BackendContext,
) => ChannelResult<C> | Promise<ChannelResult<C>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/** The part of a channel's name before the dot: `tickets` of `tickets.callNext`. */
export type ChannelPrefix = ChannelName extends `${infer P}.${string}` ? P : never;

/**
 * Every channel whose name starts with `P.`, each with its handler: the channel list of a
 * handler file is derived from the contract, so a channel added to shared/api.ts fails to
 * compile until the file named after its prefix handles it.
 */
export type PrefixHandlers<P extends ChannelPrefix> = {
  [C in ChannelName as C extends `${P}.${string}` ? C : never]: Handler<C>;
};
