// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC4907} from "./IERC4907.sol";
import {IERC5643} from "./IERC5643.sol";

/// @title RentalSubscriptionNft
/// @notice Test ERC-721 that is both rentable (ERC-4907) and a subscription (ERC-5643).
/// @dev Minimal implementations written for tests; renewal is free (price 0).
contract RentalSubscriptionNft is ERC721, Ownable, IERC4907, IERC5643 {
    struct UserInfo {
        address user;
        uint64 expires;
    }

    mapping(uint256 tokenId => UserInfo) private _users;
    mapping(uint256 tokenId => uint64) private _expirations;

    /// @dev Renewal costs nothing, so ether sent with it would be stuck forever.
    error PaymentNotAccepted();

    constructor() ERC721("Elastos Rental Subscription", "ERSUB") Ownable(msg.sender) {}

    /// @notice Mints token `id` to `to` without user or subscription; only the deployer may mint.
    function mint(address to, uint256 id) external onlyOwner {
        _mint(to, id);
    }

    // ---------------------------------------------------------------- ERC-4907

    /// @inheritdoc IERC4907
    function setUser(uint256 tokenId, address user, uint64 expires) external {
        _checkAuthorized(_ownerOf(tokenId), msg.sender, tokenId);
        _users[tokenId] = UserInfo(user, expires);
        emit UpdateUser(tokenId, user, expires);
    }

    /// @inheritdoc IERC4907
    function userOf(uint256 tokenId) external view returns (address) {
        UserInfo storage info = _users[tokenId];
        // Expiry is exclusive: the right ends at the `expires` second.
        return block.timestamp < info.expires ? info.user : address(0);
    }

    /// @inheritdoc IERC4907
    function userExpires(uint256 tokenId) external view returns (uint256) {
        return _users[tokenId].expires;
    }

    // ---------------------------------------------------------------- ERC-5643

    /// @inheritdoc IERC5643
    function renewSubscription(uint256 tokenId, uint64 duration) external payable {
        if (msg.value != 0) revert PaymentNotAccepted();
        _checkAuthorized(_ownerOf(tokenId), msg.sender, tokenId);
        // A lapsed subscription restarts now; an active one is extended from its end.
        uint64 current = _expirations[tokenId];
        uint64 start = current > block.timestamp ? current : uint64(block.timestamp);
        uint64 expiration = start + duration;
        _expirations[tokenId] = expiration;
        emit SubscriptionUpdate(tokenId, expiration);
    }

    /// @inheritdoc IERC5643
    function cancelSubscription(uint256 tokenId) external payable {
        if (msg.value != 0) revert PaymentNotAccepted();
        _checkAuthorized(_ownerOf(tokenId), msg.sender, tokenId);
        delete _expirations[tokenId];
        emit SubscriptionUpdate(tokenId, 0);
    }

    /// @inheritdoc IERC5643
    function expiresAt(uint256 tokenId) external view returns (uint64) {
        return _expirations[tokenId];
    }

    /// @inheritdoc IERC5643
    function isRenewable(uint256 tokenId) external view returns (bool) {
        // Every existing token may be renewed.
        return _ownerOf(tokenId) != address(0);
    }

    // ---------------------------------------------------------------- ERC-165 / hooks

    /// @dev Advertises ERC-4907 and ERC-5643 on top of ERC-721 and ERC-165.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return
            interfaceId == type(IERC4907).interfaceId ||
            interfaceId == type(IERC5643).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    /// @dev As in the EIP-4907 reference: a transfer ends the current rental.
    function _update(address to, uint256 tokenId, address auth)
        internal
        override
        returns (address from)
    {
        from = super._update(to, tokenId, auth);
        if (from != to && _users[tokenId].user != address(0)) {
            delete _users[tokenId];
            emit UpdateUser(tokenId, address(0), 0);
        }
    }
}
