// Operator tasks. Each task imports its heavy dependencies (TypeChain, ethers helpers) inside its
// action, because this file is loaded with the config, before anything is compiled.
import "./identity";
import "./governance";
import "./farm";
import "./status";
import "./vesting";
import "./deploy";
import "./dev";
import "./member";
import "./memberVesting";
import "./relay";
import "./sync";
