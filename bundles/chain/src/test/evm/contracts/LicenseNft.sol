// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title LicenseNft
/// @notice Test ERC-721 licence token with an ERC-2981 royalty of 5% paid to the deployer.
contract LicenseNft is ERC721, ERC2981, Ownable {
    constructor() ERC721("Elastos License", "ELIC") Ownable(msg.sender) {
        // 500 basis points of 10_000 = 5%.
        _setDefaultRoyalty(msg.sender, 500);
    }

    /// @notice Mints token `id` to `to`; only the deployer may mint.
    function mint(address to, uint256 id) external onlyOwner {
        _mint(to, id);
    }

    /// @dev Both parents implement ERC-165; answer for either.
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, ERC2981)
        returns (bool)
    {
        return super.supportsInterface(interfaceId);
    }
}
