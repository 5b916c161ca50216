import { typescriptKernels } from "../mod.ts";
import { kernelSuite } from "./kernel_suite.ts";

kernelSuite(typescriptKernels);
