// The name an artifact goes by in the case: its path inside a dropped or picked folder, else its file name.
// Files from `webkitGetAsEntry` walks do not carry that path themselves, so it is remembered beside them.

const paths = new WeakMap<File, string>();

/** Remembers `path` (e.g. `srv/dmesg.txt`) as the case name of `file`; returns the file. */
export function rememberArtifactPath(file: File, path: string): File {
  paths.set(file, path.replace(/^\/+/, ''));
  return file;
}

/** The case name of a file: a remembered path, the folder-picker's relative path, or the bare name. */
export function artifactPath(file: File): string {
  return paths.get(file) || file.webkitRelativePath || file.name;
}
