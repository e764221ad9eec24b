// bpf-tc-drop: load a tc (BPF_PROG_TYPE_SCHED_CLS, direct-action) program that returns TC_ACT_SHOT for IPv4
// packets from one source address and TC_ACT_OK for the rest, and pin it, so `tc filter … bpf object-pinned PIN
// direct-action` can attach it. Lab tool for the tc-bpf-ingress-drop scenario (no clang on the lab machine: the
// program is written as raw instructions).
//   cc -O2 -o /tmp/bpf-tc-drop test/lab/bpf-tc-drop.c
//   /tmp/bpf-tc-drop 10.0.2.8 /sys/fs/bpf/hl_tc_drop     (PIN on a mounted bpffs)
// Ref: include/uapi/linux/bpf.h (struct __sk_buff: data at offset 76, data_end at 80; TC_ACT_OK 0, TC_ACT_SHOT 2
// in include/uapi/linux/pkt_cls.h); net/sched/cls_bpf.c runs an ingress program with data at the Ethernet header.
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, void *attr, unsigned int size) { return syscall(__NR_bpf, cmd, attr, size); }

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bpf-tc-drop IPV4-SOURCE PIN\n");
    return 2;
  }
  struct in_addr src;
  if (inet_pton(AF_INET, argv[1], &src) != 1) {
    fprintf(stderr, "bad IPv4 address: %s\n", argv[1]);
    return 2;
  }
  int saddr = (int)src.s_addr; /* the four bytes as they sit in the packet, read as one native u32 */
  struct bpf_insn insns[] = {
    INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct __sk_buff, data), 0),
    INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct __sk_buff, data_end), 0),
    INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_2, 0, 0),
    INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, 34),            /* Ethernet 14 + IPv4 header 20 */
    INSN(BPF_JMP | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, 6, 0),        /* too short: pass */
    INSN(BPF_LDX | BPF_MEM | BPF_H, BPF_REG_5, BPF_REG_2, 12, 0),       /* ethertype */
    INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 4, htons(0x0800)),   /* not IPv4: pass */
    INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_2, 26, 0),       /* IPv4 source address */
    INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 2, saddr),
    INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 2),             /* TC_ACT_SHOT */
    INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
    INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),             /* TC_ACT_OK */
    INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
  };
  char log[8192] = "";
  union bpf_attr load;
  memset(&load, 0, sizeof(load));
  load.prog_type = BPF_PROG_TYPE_SCHED_CLS;
  load.insn_cnt = sizeof(insns) / sizeof(insns[0]);
  load.insns = (unsigned long)insns;
  load.license = (unsigned long)"GPL";
  load.log_level = 1;
  load.log_size = sizeof(log);
  load.log_buf = (unsigned long)log;
  strncpy(load.prog_name, "hl_tc_drop", sizeof(load.prog_name) - 1);
  int prog = bpf(BPF_PROG_LOAD, &load, sizeof(load));
  if (prog < 0) {
    perror("BPF_PROG_LOAD");
    fprintf(stderr, "%s\n", log);
    return 1;
  }
  union bpf_attr pin;
  memset(&pin, 0, sizeof(pin));
  pin.pathname = (unsigned long)argv[2];
  pin.bpf_fd = prog;
  if (bpf(BPF_OBJ_PIN, &pin, sizeof(pin)) < 0) {
    perror("BPF_OBJ_PIN");
    return 1;
  }
  return 0;
}
