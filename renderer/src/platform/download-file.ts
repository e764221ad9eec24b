/**
 * Hands `content` to the browser as a download named `name`, through a Blob URL on an `<a download>`: no server,
 * no data: URL length limit. The URL is revoked a minute later, long after the download has started.
 */
export function downloadFile(name: string, content: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
