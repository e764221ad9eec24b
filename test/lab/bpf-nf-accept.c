// bpf-nf-accept: load a two-instruction BPF netfilter program (return NF_ACCEPT) and attach it with a BPF link
// to one netfilter hook of the current network namespace, then sleep until killed, so that bpftool has a real
// netfilter link and program to list (kernel >= 6.4). Lab tool for test/fixtures/bpftool recordings.
//   cc -O2 -o /tmp/bpf-nf-accept test/lab/bpf-nf-accept.c
//   ip netns exec srv /tmp/bpf-nf-accept [pf=2] [hooknum=1] [priority=10] &
// Raw bpf(2) calls: Debian 12's <linux/bpf.h> (6.1) predates BPF_PROG_TYPE_NETFILTER, so the new numbers are
// written here. Ref: include/uapi/linux/bpf.h (6.4+): BPF_PROG_TYPE_NETFILTER = 32 (after BPF_PROG_TYPE_SYSCALL),
// BPF_NETFILTER = BPF_LSM_CGROUP + 2 (after BPF_STRUCT_OPS), link_create.netfilter { pf, hooknum, priority, flags }.
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PROG_TYPE_NETFILTER (BPF_PROG_TYPE_SYSCALL + 1)
#define ATTACH_NETFILTER (BPF_LSM_CGROUP + 2)

static long bpf(int cmd, void *attr, unsigned int size) { return syscall(__NR_bpf, cmd, attr, size); }

int main(int argc, char **argv) {
  unsigned int pf = argc > 1 ? atoi(argv[1]) : 2, hooknum = argc > 2 ? atoi(argv[2]) : 1;
  int priority = argc > 3 ? atoi(argv[3]) : 10;
  struct bpf_insn insns[] = {
    { .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 }, /* r0 = NF_ACCEPT */
    { .code = BPF_JMP | BPF_EXIT },
  };
  char log[4096] = "";
  union bpf_attr load;
  memset(&load, 0, sizeof(load));
  load.prog_type = PROG_TYPE_NETFILTER;
  load.insn_cnt = 2;
  load.insns = (unsigned long)insns;
  load.license = (unsigned long)"GPL";
  load.log_level = 1;
  load.log_size = sizeof(log);
  load.log_buf = (unsigned long)log;
  load.expected_attach_type = ATTACH_NETFILTER;
  strncpy(load.prog_name, "hl_nf_accept", sizeof(load.prog_name) - 1);
  int prog = bpf(BPF_PROG_LOAD, &load, sizeof(load));
  if (prog < 0) { perror("BPF_PROG_LOAD"); fprintf(stderr, "%s\n", log); return 1; }

  // link_create: prog_fd, target_fd, attach_type, flags, then the netfilter member of the union at offset 16.
  unsigned char attr[64];
  memset(attr, 0, sizeof(attr));
  unsigned int head[4] = { (unsigned int)prog, 0, ATTACH_NETFILTER, 0 };
  int nf[4] = { (int)pf, (int)hooknum, priority, 0 };
  memcpy(attr, head, sizeof(head));
  memcpy(attr + 16, nf, sizeof(nf));
  int link = bpf(BPF_LINK_CREATE, attr, sizeof(attr));
  if (link < 0) { perror("BPF_LINK_CREATE"); return 1; }
  printf("prog fd %d link fd %d: pf %u hook %u prio %d\n", prog, link, pf, hooknum, priority);
  fflush(stdout);
  pause();
  return 0;
}
