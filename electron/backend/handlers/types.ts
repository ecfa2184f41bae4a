import type { ChannelName, ChannelResult, ParsedInput } from '../../../shared/api';
import type { BackendContext } from '../context';

/** A handler answers at once, or after slow work off the event loop (scrypt, writing an XLSX). */
export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  ctx: BackendContext,
) => ChannelResult<C> | Promise<ChannelResult<C>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };
export type HandlersFor<C extends ChannelName> = { [K in C]: Handler<K> };
