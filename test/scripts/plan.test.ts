import { expect } from "chai";
import type { Signer } from "ethers";
import { describePlan, runPlan, type PlannedCall } from "../../scripts/lib/plan";

const call: PlannedCall = {
  label: "Token.transfer",
  to: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  value: 0n,
  data: "0xa9059cbb",
  args: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 10n],
};

describe("Dry-run printer", function () {
  it("should print each call with target, value, arguments and calldata", function () {
    const text = describePlan([call]);
    expect(text).to.contain("#1 Token.transfer(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 10)");
    expect(text).to.contain("to 0x5FbDB2315678afecb367f032d93F642f64180aa3  value 0");
    expect(text).to.contain("data 0xa9059cbb");
  });

  it("should say when there is nothing to send", function () {
    expect(describePlan([])).to.match(/nothing to send/);
  });

  describe("when running a plan as a dry run", function () {
    it("should send nothing", async function () {
      let sent = 0;
      const signer = {
        sendTransaction: () => {
          sent++;
          throw new Error("must not send");
        },
      } as unknown as Signer;
      const lines: string[] = [];
      const receipts = await runPlan([call], { dryRun: true, signer, log: (l) => lines.push(l) });
      expect(receipts).to.deep.equal([]);
      expect(sent).to.equal(0);
      expect(lines[0]).to.match(/dry run, would send 1/);
    });
  });
});
