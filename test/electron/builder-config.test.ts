import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder cannot run here (it downloads Electron and the target tools), so its configuration is checked
// the way electron-builder itself would check it before building: against its JSON schema, with its own validator
// and independently with ajv (both already in node_modules through electron-builder and eslint).

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const root = process.cwd();
const config = yaml.load(readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;
const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const quietLogger = { isEnabled: false, add() {} };

/** Width and height from a PNG's IHDR chunk. Ref: PNG specification §11.2.2. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('build/electron-builder.yml', () => {
  it('passes electron-builder 26’s own configuration validation', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('matches app-builder-lib/scheme.json under ajv, and a misspelt fuse does not', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).toBe(false);
  });

  it('names the app, packs the built app into an asar and flips the hardening fuses', () => {
    expect(config.appId).toBe('dev.hookline.app');
    expect(config.productName).toBe('Hookline');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('covers the entry points package.json and main.ts load', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files).toContain('out/main/**');
    expect(readFileSync(join(root, 'electron/main.ts'), 'utf8')).toContain("join(here, '..', 'preload', 'preload.cjs')");
  });

  it('bundles the demo case as resources/demo-case without the answer key', () => {
    expect(config.extraResources).toEqual([{ from: 'test/fixtures/cases/hidden-hook', to: 'demo-case', filter: ['**/*', '!EXPECTED.md'] }]);
    const source = join(root, config.extraResources[0].from);
    expect(readdirSync(source)).toContain('srv-eth0.pcap');
  });

  it('references icons that exist, at the sizes they claim', () => {
    const linuxIcons = join(root, config.linux.icon);
    const sizes = [16, 24, 32, 48, 64, 128, 256, 512];
    for (const size of sizes) expect(pngSize(join(linuxIcons, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    for (const icon of [config.win.icon, config.mac.icon]) {
      expect(existsSync(join(root, icon)), icon).toBe(true);
      expect(pngSize(join(root, icon))).toEqual({ width: 512, height: 512 });
    }
    expect(readFileSync(join(linuxIcons, 'icon.svg'), 'utf8')).toContain('viewBox="0 0 512 512"');
  });
});
