// MCPDashUI
