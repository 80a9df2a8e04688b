// The uipi.send engine (docs/hardware-uintr.md "Send path"; the Rocket design's UIPI FSM), one per
// hart. Behaviour as the C++ engine in sim/hart/hart_uintr.cpp, which the differential test
// (tests/rtl/uipi_send_diff.cpp) holds it to, state by state and cycle by cycle.
//
//   IDLE ──cmd──> WAIT_MEM0 ──req──> READ_UIST ──resp──> WAIT_MEM1 ──req──> CHECK_NACK0
//     ^  (no-op: Enable clear,              │ (fault, or Valid clear     ^        │
//     │   index beyond Size)                │  under qemu checks)        │        v
//     │                                     v                   nack   │   CHECK_NACK1
//     └──────────────────────────────── RESP <─────────────────────────┴── (no nack)
//
// The command is the instruction's rs1 (the sender-table index) with the hart's suist and
// the UINTC base. The memory port is the hart's data path at physical S level: a read of the
// 8-byte UISTE (mem_resp_valid when its data returns, mem_xcpt on an access fault) and the
// uncached 8-byte SEND store to the receiver's UINTC window, which the memory system may
// refuse: an MMIO store has no response, so a refusal shows as mem_s2_nack two cycles after
// the request (in CHECK_NACK1) and the store is replayed.
module uipi_send #(
    parameter int STRIDE_LOG2 = 3,      // UISTE stride: 3 = 8 B (QEMU/Linux), 8 = 256 B (Rocket)
    parameter int ENTRY_LOG2 = 5        // UINTC window per receiver: 0x20 bytes
) (
    input  logic        clk,
    input  logic        rst,
    // command from the core
    input  logic        cmd_valid,
    output logic        cmd_ready,
    input  logic [63:0] cmd_index,
    input  logic [63:0] suist,
    input  logic [63:0] uintc_base,
    input  logic        qemu_checks,    // also bound the index by suist.Size and check Valid
    // memory port (physical addresses, S-level permissions)
    output logic        mem_req_valid,
    input  logic        mem_req_ready,
    output logic        mem_req_write,
    output logic [63:0] mem_req_addr,
    output logic [63:0] mem_req_wdata,
    input  logic        mem_resp_valid,
    input  logic [63:0] mem_resp_data,
    input  logic        mem_xcpt,
    input  logic        mem_s2_nack,
    // response to the core: the instruction retires (resp_fault: load access fault, tval = index)
    output logic        resp_valid,
    output logic        resp_fault
);
  typedef enum logic [2:0] {
    IDLE, WAIT_MEM0, READ_UIST, WAIT_MEM1, CHECK_NACK0, CHECK_NACK1, RESP
  } state_t;
  state_t state;

  logic [63:0] uiste_addr, send_addr, send_data;
  logic        fault;

  // suist: Enable b63, Size b55:44 (4 KiB pages), PPN b43:0.
  wire        enable    = suist[63];
  wire [11:0] size_pages = suist[55:44];
  // index < Size*4096/stride, without overflow for any 64-bit index.
  wire        in_size   = (cmd_index >> (12 - STRIDE_LOG2)) < {52'd0, size_pages};
  wire        send_noop = !enable || (qemu_checks && !in_size);
  // UISTE: Valid b0, vector b31:16, receiver index b63:48.
  wire        uiste_valid = mem_resp_data[0];
  // Reserved fields the engine ignores: suist[62:56]; UISTE bits 15:1 and 47:32.
  wire        unused_ok = &{1'b0, suist[62:56], mem_resp_data[47:32], mem_resp_data[15:1]};

  assign cmd_ready     = state == IDLE;
  assign mem_req_valid = state == WAIT_MEM0 || state == WAIT_MEM1;
  assign mem_req_write = state == WAIT_MEM1;
  assign mem_req_addr  = state == WAIT_MEM1 ? send_addr : uiste_addr;
  assign mem_req_wdata = send_data;
  assign resp_valid    = state == RESP;
  assign resp_fault    = fault;

  always_ff @(posedge clk) begin
    if (rst) begin
      state      <= IDLE;
      uiste_addr <= '0;
      send_addr  <= '0;
      send_data  <= '0;
      fault      <= 1'b0;
    end else begin
      case (state)
        IDLE:
          if (cmd_valid) begin
            fault      <= 1'b0;
            uiste_addr <= {8'd0, suist[43:0], 12'd0} + (cmd_index << STRIDE_LOG2);
            state      <= send_noop ? RESP : WAIT_MEM0;
          end
        WAIT_MEM0:
          if (mem_req_ready) state <= READ_UIST;
        READ_UIST:
          if (mem_resp_valid) begin
            send_addr <= uintc_base + ({48'd0, mem_resp_data[63:48]} << ENTRY_LOG2);
            send_data <= {48'd0, mem_resp_data[31:16]};
            if (mem_xcpt) begin
              fault <= 1'b1;
              state <= RESP;
            end else if (qemu_checks && !uiste_valid) begin
              state <= RESP;
            end else begin
              state <= WAIT_MEM1;
            end
          end
        WAIT_MEM1:
          if (mem_req_ready) state <= CHECK_NACK0;
        CHECK_NACK0: state <= CHECK_NACK1;
        CHECK_NACK1: state <= mem_s2_nack ? WAIT_MEM1 : RESP;
        RESP: state <= IDLE;  // the core always takes the response
        default: state <= IDLE;
      endcase
    end
  end
endmodule
