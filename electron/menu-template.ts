import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../shared/ipc/contract';
import type { MenuModel } from './menu-model';

/**
 * Electron's menu template for the model: action items call `send(action)` (main sends it to the focused
 * window on `menu.action`), roles and separators pass through. Type-only import of electron: no runtime use.
 */
export function toMenuTemplate(model: MenuModel[], send: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return model.map((menu) => ({
    label: menu.label,
    submenu: menu.items.map((item): MenuItemConstructorOptions => {
      if (item.kind === 'separator') return { type: 'separator' };
      if (item.kind === 'role') return item.label ? { role: item.role, label: item.label } : { role: item.role };
      return { label: item.label, accelerator: item.accelerator, click: () => send(item.action) };
    }),
  }));
}
