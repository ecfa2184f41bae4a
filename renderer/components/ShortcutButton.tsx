import type { ButtonHTMLAttributes } from 'react';
import { SHORTCUTS, ariaShortcut, type ShortcutAction } from '../shortcuts';

/** A button that shows and declares its Alt shortcut. */
export function ShortcutButton({
  action,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { action: ShortcutAction }) {
  return (
    <button type="button" aria-keyshortcuts={ariaShortcut(action)} {...rest}>
      {children} <kbd>Alt+{SHORTCUTS[action]}</kbd>
    </button>
  );
}
