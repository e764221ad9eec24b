import { describe, expect, it } from 'vitest';
import { menuActions, type MenuAction } from '../../shared/ipc/contract';
import { buildMenuModel, isMenuAction, type MenuModel } from '../../electron/menu-model';
import { toMenuTemplate } from '../../electron/menu-template';

function labels(menu: MenuModel): string[] {
  return menu.items.map((item) => (item.kind === 'separator' ? '—' : item.kind === 'action' ? item.label : `role:${item.role}`));
}

describe('menu model', () => {
  it('has File, Edit, View, Help on Linux and Windows, with Quit in File', () => {
    const menus = buildMenuModel({ platform: 'linux', isDevelopment: false });
    expect(menus.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(labels(menus[0])).toEqual(['Open case…', 'Open artifacts…', 'Save case', '—', 'Export report…', 'Export PDF…', '—', 'role:quit']);
    expect(labels(menus[2])).toEqual(['role:resetZoom', 'role:zoomIn', 'role:zoomOut', '—', 'role:togglefullscreen']);
    expect(labels(menus[3])).toEqual(['Open the demo case', '—', 'About Hookline']);
  });

  it('adds the macOS app menu and moves Quit there', () => {
    const menus = buildMenuModel({ platform: 'darwin', isDevelopment: false });
    expect(menus.map((m) => m.label)).toEqual(['Hookline', 'File', 'Edit', 'View', 'Help']);
    expect(labels(menus[0])).toContain('role:quit');
    expect(labels(menus[1])).not.toContain('role:quit');
  });

  it('offers reload and DevTools only in development', () => {
    const view = (isDevelopment: boolean) => labels(buildMenuModel({ platform: 'linux', isDevelopment })[2]);
    expect(view(true)).toEqual(expect.arrayContaining(['role:reload', 'role:toggleDevTools']));
    expect(view(false)).not.toContain('role:toggleDevTools');
  });

  it('uses only whitelisted actions, and every action is reachable from the menu', () => {
    const used = buildMenuModel({ platform: 'linux', isDevelopment: false })
      .flatMap((m) => m.items)
      .flatMap((item) => (item.kind === 'action' ? [item.action] : []));
    expect(used.every(isMenuAction)).toBe(true);
    expect(new Set(used)).toEqual(new Set(menuActions));
    expect(isMenuAction('case.open')).toBe(true);
    expect(isMenuAction('shell.openExternal')).toBe(false);
    expect(isMenuAction(undefined)).toBe(false);
  });

  it('becomes an Electron template whose clicks send the action', () => {
    const sent: MenuAction[] = [];
    const template = toMenuTemplate(buildMenuModel({ platform: 'linux', isDevelopment: false }), (action) => sent.push(action));
    const file = template[0];
    expect(file.label).toBe('File');
    const items = file.submenu as { label?: string; role?: string; type?: string; accelerator?: string; click?: () => void }[];
    expect(items[0]).toMatchObject({ label: 'Open case…', accelerator: 'CmdOrCtrl+O' });
    expect(items[3]).toEqual({ type: 'separator' });
    expect(items.at(-1)).toEqual({ role: 'quit', label: 'Quit' });
    items[2].click?.();
    items[5].click?.();
    expect(sent).toEqual(['case.save', 'report.pdf']);
  });
});
