import { ref } from 'vue';

/** One message at a time at the top of the workbench: what an action could not do, or did somewhere unseen. */
export interface Notice {
  message: string;
  tone: 'info' | 'error';
}

/** The workbench's notice line: the newest notice replaces the last. */
export function useNotice() {
  const notice = ref<Notice | null>(null);
  function tell(message: string, tone: Notice['tone'] = 'info'): void {
    notice.value = { message, tone };
  }
  function dismiss(): void {
    notice.value = null;
  }
  return { notice, tell, dismiss };
}
