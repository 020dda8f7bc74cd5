// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title AccessToken
/// @notice Test ERC-1155 multi-token used as fungible access passes (balance > 0 grants access).
contract AccessToken is ERC1155, Ownable {
    constructor() ERC1155("") Ownable(msg.sender) {}

    /// @notice Mints `amount` units of token `id` to `to`; only the deployer may mint.
    function mint(address to, uint256 id, uint256 amount) external onlyOwner {
        // Empty data: receivers are EOAs in the tests, no acceptance hook payload needed.
        _mint(to, id, amount, "");
    }
}
