import { menuActions, type MenuAction } from '../shared/ipc/contract';

// The application menu as plain data. Main turns it into Electron's template (electron/menu-template.ts); the
// renderer carries out the commands, because it owns the case state (what "Save case" saves, which report).

/** The built-in Electron roles the menu uses (Electron implements these: quit, clipboard, zoom…). */
export type MenuRole =
  | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'services' | 'quit'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'toggleDevTools' | 'reload';

/** One entry of a menu: a command sent to the renderer, a built-in role, or a separator. */
export type MenuItemModel =
  | { kind: 'action'; label: string; action: MenuAction; accelerator?: string }
  | { kind: 'role'; role: MenuRole; label?: string }
  | { kind: 'separator' };

/** One top-level menu. */
export interface MenuModel {
  label: string;
  items: MenuItemModel[];
}

/** What shapes the menu: macOS has an app menu and puts Quit there; development adds DevTools and reload. */
export interface MenuContext {
  platform: string;
  isDevelopment: boolean;
}

const separator: MenuItemModel = { kind: 'separator' };

/** The app menu: File (Open case…, Open artifacts…, Save case, Export report…, Export PDF…, Quit), Edit, View, Help. */
export function buildMenuModel(context: MenuContext): MenuModel[] {
  const isMac = context.platform === 'darwin';
  const file: MenuModel = {
    label: 'File',
    items: [
      { kind: 'action', label: 'Open case…', action: 'case.open', accelerator: 'CmdOrCtrl+O' },
      { kind: 'action', label: 'Open artifacts…', action: 'artifacts.open', accelerator: 'CmdOrCtrl+Shift+O' },
      { kind: 'action', label: 'Save case', action: 'case.save', accelerator: 'CmdOrCtrl+S' },
      separator,
      { kind: 'action', label: 'Export report…', action: 'report.export', accelerator: 'CmdOrCtrl+E' },
      { kind: 'action', label: 'Export PDF…', action: 'report.pdf', accelerator: 'CmdOrCtrl+P' },
      // On macOS Quit lives in the app menu.
      ...(isMac ? [] : [separator, { kind: 'role', role: 'quit', label: 'Quit' } satisfies MenuItemModel]),
    ],
  };
  const edit: MenuModel = {
    label: 'Edit',
    items: [
      { kind: 'role', role: 'undo' },
      { kind: 'role', role: 'redo' },
      separator,
      { kind: 'role', role: 'cut' },
      { kind: 'role', role: 'copy' },
      { kind: 'role', role: 'paste' },
      { kind: 'role', role: 'selectAll' },
    ],
  };
  const view: MenuModel = {
    label: 'View',
    items: [
      { kind: 'role', role: 'resetZoom' },
      { kind: 'role', role: 'zoomIn' },
      { kind: 'role', role: 'zoomOut' },
      separator,
      { kind: 'role', role: 'togglefullscreen' },
      ...(context.isDevelopment ? [separator, { kind: 'role', role: 'reload' } satisfies MenuItemModel, { kind: 'role', role: 'toggleDevTools' } satisfies MenuItemModel] : []),
    ],
  };
  const help: MenuModel = {
    label: 'Help',
    items: [
      { kind: 'action', label: 'Open the demo case', action: 'demo.open' },
      separator,
      { kind: 'action', label: 'About Hookline', action: 'help.about' },
    ],
  };
  const appMenu: MenuModel = {
    label: 'Hookline',
    items: [
      { kind: 'role', role: 'about' },
      separator,
      { kind: 'role', role: 'services' },
      separator,
      { kind: 'role', role: 'hide' },
      { kind: 'role', role: 'hideOthers' },
      { kind: 'role', role: 'unhide' },
      separator,
      { kind: 'role', role: 'quit' },
    ],
  };
  return isMac ? [appMenu, file, edit, view, help] : [file, edit, view, help];
}

/** Whether a value is one of the whitelisted menu actions (checked before anything is sent or delivered). */
export function isMenuAction(value: unknown): value is MenuAction {
  return typeof value === 'string' && (menuActions as readonly string[]).includes(value);
}
