// UINTC: the user-interrupt controller (docs/hardware-uintr.md; behaviour as the TLM model in
// sim/uintr/uintc.cpp, which the differential test holds it to).
//
// One 0x20-byte register window per receiver entry; 8-byte accesses:
//   +0x00 W SEND        pending |= 1 << wdata[5:0]
//   +0x08 R READ_LOW    {hartid[31:16], mode[1], active[0]}      W WRITE_LOW
//   +0x10 R READ_HIGH   pending, cleared by the read               W WRITE_HIGH pending |= wdata
//   +0x18 R GET_ACTIVE  active                                     W SET_ACTIVE active = wdata[0]
// A request is taken when req_valid is high at a rising clock edge; the response (rdata,
// error for an index beyond ENTRIES or a misaligned offset) is valid in the next cycle.
// usip[h] = OR over entries with active && pending != 0 && hartid == h, registered, then
// delayed by LINE_STAGES (>= 1) more register stages (the Rocket design's intStages).
module uintc #(
    parameter int ENTRIES = 512,
    parameter int HARTS = 2,
    parameter int LINE_STAGES = 2
) (
    input  logic        clk,
    input  logic        rst,
    input  logic        req_valid,
    input  logic        req_write,
    input  logic [31:0] req_addr,     // offset inside the UINTC window
    input  logic [63:0] req_wdata,
    output logic        resp_valid,
    output logic [63:0] resp_rdata,
    output logic        resp_error,
    output logic [HARTS-1:0] usip
);
  localparam int IW = (ENTRIES > 1) ? $clog2(ENTRIES) : 1;

  logic [ENTRIES-1:0]       active;
  logic [ENTRIES-1:0]       mode;
  logic [ENTRIES-1:0][15:0] hartid;
  logic [ENTRIES-1:0][63:0] pending;

  wire [31:0]  index   = req_addr >> 5;
  wire [4:0]   reg_off = req_addr[4:0];
  wire         in_range = index < ENTRIES && reg_off[2:0] == 3'b000;
  wire [IW-1:0] idx    = index[IW-1:0];

  always_ff @(posedge clk) begin
    if (rst) begin
      active     <= '0;
      mode       <= '0;
      resp_valid <= 1'b0;
      resp_rdata <= '0;
      resp_error <= 1'b0;
      hartid     <= '0;
      /* verilator lint_off WIDTHCONCAT */  // clearing all ENTRIES x 64 pending bits at once is intended
      pending    <= '0;
      /* verilator lint_on WIDTHCONCAT */
    end else begin
      resp_valid <= req_valid;
      resp_error <= req_valid && !in_range;
      resp_rdata <= '0;
      if (req_valid && in_range) begin
        if (req_write) begin
          case (reg_off)
            5'h00: pending[idx] <= pending[idx] | (64'd1 << req_wdata[5:0]);
            5'h08: begin
              active[idx] <= req_wdata[0];
              mode[idx]   <= req_wdata[1];
              hartid[idx] <= req_wdata[31:16];
            end
            5'h10: pending[idx] <= pending[idx] | req_wdata;
            5'h18: active[idx] <= req_wdata[0];
            default: ;
          endcase
        end else begin
          case (reg_off)
            5'h08: resp_rdata <= {32'd0, hartid[idx], 14'd0, mode[idx], active[idx]};
            5'h10: begin
              resp_rdata   <= pending[idx];
              pending[idx] <= '0;
            end
            5'h18: resp_rdata <= {63'd0, active[idx]};
            default: ;
          endcase
        end
      end
    end
  end

  // The interrupt lines: a combinational OR per hart, then 1 + LINE_STAGES register stages.
  logic [HARTS-1:0] level;
  always_comb begin
    level = '0;
    for (int i = 0; i < ENTRIES; i++)
      for (int h = 0; h < HARTS; h++)
        if (active[i] && pending[i] != 64'd0 && hartid[i] == 16'(h)) level[h] = 1'b1;
  end

  logic [LINE_STAGES:0][HARTS-1:0] stage;
  always_ff @(posedge clk) begin
    if (rst) stage <= '0;
    else stage <= {stage[LINE_STAGES-1:0], level};
  end
  assign usip = stage[LINE_STAGES];
endmodule
